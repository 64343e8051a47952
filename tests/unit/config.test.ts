import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@/lib/config';

describe('the configuration of several instances', () => {
  it('reads FOLIO_REDIS_URL, the lease and the grace at a stop, with one instance, 15 s and 8 s by default', () => {
    expect(parseConfig({})).toMatchObject({
      redisUrl: undefined,
      leaseMs: 15_000,
      stopGraceMs: 8000,
    });
    expect(
      parseConfig({
        FOLIO_REDIS_URL: 'redis://cache:6379',
        FOLIO_INSTANCE_LEASE_S: '2.5',
        FOLIO_STOP_GRACE_S: '0',
      }),
    ).toMatchObject({ redisUrl: 'redis://cache:6379', leaseMs: 2500, stopGraceMs: 0 });
  });

  it('names the variable that is wrong', () => {
    expect(() => parseConfig({ FOLIO_REDIS_URL: 'cache:6379' })).toThrow(
      /FOLIO_REDIS_URL: must be a Redis URL such as redis:\/\/localhost:6379/,
    );
    expect(() => parseConfig({ FOLIO_INSTANCE_LEASE_S: '0' })).toThrow(ConfigError);
    expect(() => parseConfig({ FOLIO_INSTANCE_LEASE_S: 'soon' })).toThrow(
      /FOLIO_INSTANCE_LEASE_S: must be a number of seconds/,
    );
    expect(() => parseConfig({ FOLIO_STOP_GRACE_S: '-1' })).toThrow(
      /FOLIO_STOP_GRACE_S: must be 0 seconds or more/,
    );
  });
});
