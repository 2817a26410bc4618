import { Global, Module } from '@nestjs/common';
import { Admission } from './admission.js';
import { ClientAddress } from './client-address.js';
import { CommandLimits } from './command-limits.js';
import { HandshakeGate } from './handshake-gate.js';
import { IpLimits } from './ip-limits.js';
import { JoinAdmission, SnapshotReadLimit } from './limit.interceptors.js';
import { LimitsMetrics } from './limits-metrics.js';

/** Abuse and overload limits: per person, per client address, and admission control. */
@Global()
@Module({
  providers: [
    Admission,
    ClientAddress,
    CommandLimits,
    HandshakeGate,
    IpLimits,
    JoinAdmission,
    SnapshotReadLimit,
    LimitsMetrics,
  ],
  exports: [Admission, ClientAddress, CommandLimits, HandshakeGate, IpLimits, JoinAdmission, SnapshotReadLimit],
})
export class LimitsModule {}
