/** Face alignment: the 6-DOF affine onto the ArcFace template, the GPU warp to the crop and the official paste-back. */
export {
  affine,
  affineFromRows,
  affineToRows,
  alignmentMatrix,
  applyAffine,
  ARCFACE_TEMPLATE_112,
  arcfaceTemplate,
  composeAffine,
  DegenerateAffineError,
  estimateAffine,
  invertAffine,
  type Affine,
  type Point,
} from './affine';
export { FaceAligner, type BufferSlot, type FaceAlignerOptions } from './face-aligner';
export { borderFade, pasteMaskPasses } from './mask-chain';
export { pasteBackCpu, pasteMaskCpu, warpToCropCpu } from './cpu-reference';
