import type { Usage } from './lm/lm';

export interface ModuleStartInfo {
  /** The module's path in the program ('self' for the program itself). */
  path: string;
  /** The module's class name. */
  module: string;
  inputs: Record<string, unknown>;
}
export interface ModuleEndInfo extends ModuleStartInfo {
  outputs: Record<string, unknown>;
}
export interface LMStartInfo {
  predictName: string;
  provider: string;
  model: string;
  /** Whether the completion comes from the cache rather than the model. */
  cached: boolean;
}
export interface LMEndInfo extends LMStartInfo {
  usage: Usage;
}
export interface ToolStartInfo {
  name: string;
  inputs: unknown;
}
export interface ToolEndInfo extends ToolStartInfo {
  outputs: unknown;
}

/**
 * Turns a program's progress into words for a person. Each hook returns a message or nothing.
 * Start hooks run when a step starts; end hooks when it succeeds (a failure reaches the
 * consumer as the error itself).
 */
export interface StatusMessageProvider {
  moduleStart?(info: ModuleStartInfo): string | undefined;
  moduleEnd?(info: ModuleEndInfo): string | undefined;
  lmStart?(info: LMStartInfo): string | undefined;
  lmEnd?(info: LMEndInfo): string | undefined;
  toolStart?(info: ToolStartInfo): string | undefined;
  toolEnd?(info: ToolEndInfo): string | undefined;
}
