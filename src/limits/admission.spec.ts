import { loadConfig } from '../config/app-config.js';
import { Admission, Gate } from './admission.js';

describe('Gate', () => {
  it('lets in up to its bound, counts the refused, and frees a place on leave', () => {
    const gate = new Gate(2);
    expect([gate.enter(), gate.enter(), gate.enter()]).toEqual([true, true, false]);
    expect(gate.refused).toBe(1);
    gate.leave();
    expect(gate.enter()).toBe(true);
    expect(gate.inFlight).toBe(2);
  });
});

describe('Admission', () => {
  const make = (lag: string): Admission =>
    new Admission(loadConfig({ ADMISSION_LAG_MS: lag, JOINS_IN_FLIGHT: '1', HANDSHAKES_IN_FLIGHT: '1' }));

  it('refuses with RATE_LIMITED and a retry time of 1 to 5 s while the loop lags beyond the bound', () => {
    const admission = make('100');
    try {
      expect(admission.enter(admission.joins)).toBeNull();
      admission.joins.leave();
      admission.lag.p90Ms = 150;
      const refused = admission.enter(admission.joins);
      expect(refused?.code).toBe('RATE_LIMITED');
      const { retryAfterMs } = refused?.details as { retryAfterMs: number };
      expect(retryAfterMs).toBeGreaterThanOrEqual(1000);
      expect(retryAfterMs).toBeLessThanOrEqual(5000);
      expect(admission.joins.inFlight).toBe(0);
      expect(admission.lagRefused).toBe(1);
    } finally {
      admission.onModuleDestroy();
    }
  });

  it('ignores the lag with ADMISSION_LAG_MS=0, and refuses beyond the bound in flight', () => {
    const admission = make('0');
    try {
      admission.lag.p90Ms = 60_000;
      expect(admission.enter(admission.handshakes)).toBeNull();
      expect(admission.enter(admission.handshakes)?.code).toBe('RATE_LIMITED');
    } finally {
      admission.onModuleDestroy();
    }
  });
});
