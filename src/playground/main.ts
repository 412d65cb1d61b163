// The playground so far: the kernel self-check in the browser (the swap UI and profiler come with the engine).
import './selfcheck-panel';
