/** The id of a cited source's entry on a shared chat's page, which its chips open. */
export const sharedSourceId = (messageId: string, n: number) => `source-${messageId}-${n}`;
