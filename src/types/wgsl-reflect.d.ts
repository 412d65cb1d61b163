// wgsl_reflect's "main" entry is CommonJS inside a `"type": "module"` package, which Node refuses to load.
// We import its ESM build directly; this re-declares that path with the package's own types.
declare module 'wgsl_reflect/wgsl_reflect.module.js' {
  export * from 'wgsl_reflect';
}
