import { LEAKY_RELU_SLOPE, type Activation } from './shapes';

export function activateRef(v: number, activation: Activation = 'none', slope = LEAKY_RELU_SLOPE): number {
  switch (activation) {
    case 'leakyRelu':
      return v >= 0 ? v : v * slope;
    case 'tanh':
      return Math.tanh(v);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-v));
    case 'none':
      return v;
  }
}
