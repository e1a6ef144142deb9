/**
 * The WebAssembly memory an engine holds, which neither the JS heap figures nor the engines' APIs
 * show: noted as its module is instantiated. Runs in Node and in the browser.
 */

/**
 * Runs `start` while every WebAssembly instance created meanwhile has its memory noted.
 * @template T
 * @param {() => Promise<T>} start what instantiates the engine's module
 * @returns {Promise<{value: T, bytes: () => number}>} what start returned, and the current bytes of
 *   the memories noted (a memory only grows)
 */
export async function withWasmMemory(start) {
  const memories = [];
  const note = (result) => {
    const instance = result.instance ?? result;
    for (const value of Object.values(instance.exports ?? {})) if (value instanceof WebAssembly.Memory) memories.push(value);
    return result;
  };
  const { instantiate, instantiateStreaming } = WebAssembly;
  WebAssembly.instantiate = async (...args) => note(await instantiate.apply(WebAssembly, args));
  if (instantiateStreaming) WebAssembly.instantiateStreaming = async (...args) => note(await instantiateStreaming.apply(WebAssembly, args));
  try {
    return { value: await start(), bytes: () => memories.reduce((sum, memory) => sum + memory.buffer.byteLength, 0) };
  } finally {
    WebAssembly.instantiate = instantiate;
    if (instantiateStreaming) WebAssembly.instantiateStreaming = instantiateStreaming;
  }
}
