/** Plain CPU reference of the whole MobileFaceSwap network: the oracle the GPU engine is tested against. */
export * from './ops';
export * from './arcface';
export * from './iin';
export * from './idn';
