/** Image helpers: decode PNG/JPEG, encode PNG with tEXt provenance chunks, draw a corner label. File IO is in node-io.ts. */
export { decodeImage, detectImageFormat, type ImageFormat, type RgbaImage } from './decode';
export { ImageArgumentError, ImageDecodeError, type ImageErrorReason } from './errors';
export { drawLabel, labelSize, type LabelCorner, type LabelOptions, type LabelRect } from './label';
export { crc32, encodePng, readPngTextChunks, type PngOptions } from './png';
