// The slice of the WebAssembly global that src/db/schema-engine.ts uses (@types/node does not declare it
// and lib.dom would bring the browser's globals with it).
declare namespace WebAssembly {
  type Module = object;
  interface Instance {
    readonly exports: Record<string, unknown>;
  }
  type ModuleImports = Record<string, unknown>;
  function compile(bytes: ArrayBufferView | ArrayBuffer): Promise<Module>;
  function instantiate(module: Module, imports?: Record<string, ModuleImports>): Promise<Instance>;
}
