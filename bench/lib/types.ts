/** The shapes of what the page, the Node run and the report exchange (plain JSON: it crosses page.evaluate). */
import type { PairAgreement } from './agreement';
import type { RunPolicy, TimingSummary } from './stats';

export interface AdapterSummary {
  readonly label: string;
  readonly vendor: string;
  readonly architecture: string;
  readonly isSoftware: boolean;
}

/** Per-frame figures of one IDN plan, from the plan's own cost model, plus what was measured. */
export interface PlanFigures {
  readonly plan: 'fused' | 'unfused';
  /** GEMM tiling: for a CPU emulator or a real GPU (src/engine/idn/tiling.ts). Absent in older reports. */
  readonly tiling?: 'emulator' | 'gpu';
  readonly dispatches: number;
  readonly macs: number;
  readonly bytesRead: number;
  readonly bytesWritten: number;
  /** GPU memory the plan holds (allocated once, at load). */
  readonly allocatedBytes: number;
}

/** GPU objects created (create* calls) and buffer maps while frames ran: both should be 0. */
export interface FrameAllocations {
  readonly frames: number;
  readonly createCalls: number;
  readonly bufferMaps: number;
  readonly byCall: Record<string, number>;
}

export type ContenderStatus = 'timed' | 'checked' | 'not-run' | 'timed-out' | 'failed' | 'disagrees';

export interface ContenderResult {
  readonly id: string;
  readonly label: string;
  readonly group: 'idn' | 'identity';
  /** Where it ran: the runtime and the adapter or CPU. */
  readonly where: string;
  readonly status: ContenderStatus;
  /** Work per run, from our plans' cost model (the same network for every contender of a group). */
  readonly macs: number;
  readonly firstRunMs?: number;
  readonly timing?: TimingSummary;
  readonly policy?: RunPolicy;
  readonly allocations?: FrameAllocations;
  readonly note?: string;
}

export interface PerDispatchRow {
  readonly label: string;
  readonly kernel: string;
  readonly macs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly samples: number;
}

/** FNV-1a digests of what the IDN contenders consume (bench/lib/inputs.ts), to show Node and Chromium used the same bytes. */
export interface InputDigest {
  readonly weights: string;
  readonly kernels: string;
  readonly crop: string;
}

export interface BrowserSetup {
  readonly userAgent: string;
  readonly adapter: AdapterSummary;
  readonly hardwareConcurrency: number;
  readonly crossOriginIsolated: boolean;
  readonly ort: { readonly version: string; readonly wasmThreads: number };
  readonly digest: InputDigest;
  readonly idnOnnxBytes: number;
  readonly plans: readonly PlanFigures[];
  readonly setupMs: number;
  readonly errors: readonly string[];
}

export interface IdentitySetup {
  readonly arcfaceMacs: number;
  readonly iinMacs: number;
  readonly arcfaceDispatches: number;
  readonly iinDispatches: number;
  readonly arcfaceOnnxBytes: number;
  readonly setupMs: number;
}

/** Frames queued back to back with one wait at the end: the frame rate a video loop gets. */
export interface PipelinedFigure {
  readonly plan: 'fused' | 'unfused';
  readonly frames: number;
  readonly wallMs: number;
  readonly msPerFrame: number;
}

export interface NodeRun {
  readonly adapter: AdapterSummary;
  readonly digest: InputDigest;
  readonly plans: readonly PlanFigures[];
  readonly contenders: readonly ContenderResult[];
  readonly agreement: readonly PairAgreement[];
  readonly perDispatch: Record<string, readonly PerDispatchRow[]>;
  readonly pipelined?: readonly PipelinedFigure[];
  /** onnxruntime-web in Node on the same Dawn adapter (absent when it was skipped or could not load). */
  readonly ort?: { readonly version: string; readonly wasmThreads: number; readonly idnOnnxBytes: number };
  readonly profileFrames: number;
  readonly timestampQuantisationMs?: number;
}

export interface BenchReport {
  readonly generatedAt: string;
  readonly command: string;
  readonly mode: 'full' | 'quick';
  readonly size: number;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly node: string;
    readonly platform: string;
    /** 1-minute load average at start and end: other work on the machine inflates every timing. */
    readonly loadAverage: { readonly start: number; readonly end: number };
  };
  readonly weights: string;
  readonly caveat: string;
  readonly browser?: {
    /** As the browser reports it (playwright), e.g. 156.0.8078.108. */
    readonly chromiumVersion: string;
    readonly setup: BrowserSetup;
    readonly identity?: IdentitySetup;
    readonly contenders: readonly ContenderResult[];
    readonly agreement: readonly PairAgreement[];
    readonly identityAgreement: readonly PairAgreement[];
    readonly timingsRefused?: string;
    readonly identityTimingsRefused?: string;
  };
  readonly node?: NodeRun;
  readonly targets: readonly TargetFigure[];
  readonly totalSeconds: number;
  readonly problems: readonly string[];
}

export interface TargetFigure {
  readonly target: string;
  readonly measured: string;
  readonly ratio?: number;
  /** undefined when it could not be measured in this run. */
  readonly met?: boolean;
}
