/** Entry of the benchmark page: hands the step functions to the Node driver (bench/browser/driver.ts). */
import { benchApi, type BenchApi } from './api';

declare global {
  interface Window {
    mfsBench?: BenchApi;
  }
}

window.mfsBench = benchApi;
document.title = 'bench ready';
