/**
 * Every custom element of the playground, defined in one place. The package is marked side-effect free
 * (package.json "sideEffects": false, for the library build), so a bundler may drop an import that only
 * registers an element; referencing each class here keeps them all.
 */
import { MfsApp } from './app/mfs-app';
import { CompareView } from './components/compare-view';
import { DropZone } from './components/drop-zone';
import { HeatmapGrid } from './components/heatmap-grid';
import { ProblemBox } from './components/problem-box';
import { RgbaCanvas } from './components/rgba-canvas';
import { SyntheticBanner } from './components/synthetic-banner';
import { SelfcheckPanel } from './selfcheck-panel';
import { ProfilerView } from './views/profiler-view';
import { SwapView } from './views/swap-view';
import { TensorView } from './views/tensor-view';
import { WeightsView } from './views/weights-view';
import { WgslView } from './views/wgsl-view';

export const ELEMENTS = {
  'mfs-app': MfsApp,
  'mfs-compare': CompareView,
  'mfs-drop-zone': DropZone,
  'mfs-heatmap-grid': HeatmapGrid,
  'mfs-problem': ProblemBox,
  'mfs-rgba-canvas': RgbaCanvas,
  'mfs-synthetic-banner': SyntheticBanner,
  'mfs-selfcheck': SelfcheckPanel,
  'mfs-profiler-view': ProfilerView,
  'mfs-swap-view': SwapView,
  'mfs-tensor-view': TensorView,
  'mfs-weights-view': WeightsView,
  'mfs-wgsl-view': WgslView,
} as const;

export function defineElements(): void {
  for (const [tag, element] of Object.entries(ELEMENTS)) {
    if (!customElements.get(tag)) customElements.define(tag, element);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mfs-app': MfsApp;
    'mfs-compare': CompareView;
    'mfs-drop-zone': DropZone;
    'mfs-heatmap-grid': HeatmapGrid;
    'mfs-problem': ProblemBox;
    'mfs-rgba-canvas': RgbaCanvas;
    'mfs-synthetic-banner': SyntheticBanner;
    'mfs-selfcheck': SelfcheckPanel;
    'mfs-profiler-view': ProfilerView;
    'mfs-swap-view': SwapView;
    'mfs-tensor-view': TensorView;
    'mfs-weights-view': WeightsView;
    'mfs-wgsl-view': WgslView;
  }
}
