/**
 * The offline bundle's first script (a classic script placed before the index in the page, see
 * bundle-template.mjs): starts the worker and hands it the engine's wasm while the browser goes
 * on reading the index, then each part of the index as soon as it has been read — the worker
 * compiles the engine and decompresses the index meanwhile. app.js then takes the worker from
 * `window.paperfeedBundle`.
 *
 * The worker is the engine and worker.js as one classic script from a blob: URL: a page opened
 * from file:// can start no module worker from a blob: URL.
 */
(() => {
  const text = (id) => document.getElementById(id).textContent;

  /** The bytes a base64 text encodes. */
  const bytesFromBase64 = (base64) => {
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(base64.trim());
    const binary = atob(base64.trim());
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  };

  const settings = JSON.parse(text("paperfeed-settings"));
  let partsTaken = 0;
  const worker = new Worker(URL.createObjectURL(new Blob([text("paperfeed-worker")], { type: "text/javascript" })));
  const wasm = bytesFromBase64(text("paperfeed-wasm"));
  worker.postMessage({ type: "bundle", wasm, indexBytes: settings.index_bytes }, [wasm.buffer]);

  // A file cut short holds fewer parts than it says: the worker is then told the index ended
  // with the document, and reports it broken instead of waiting for the rest.
  document.addEventListener("DOMContentLoaded", () => {
    if (partsTaken !== settings.index_parts) worker.postMessage({ type: "index-end" });
  });

  window.paperfeedBundle = {
    /**
     * {title, query, since, papers, index_bytes, index_parts, first}: what `paperfeed bundle` was
     * asked for and wrote; `first` is the engine's answer to the page's first view.
     */
    settings,
    /** The started worker, its engine and index on the way. */
    worker,
    /**
     * Sends the worker the part of the index in the element before the calling script (the
     * bundle calls this after each part) and drops that text from the page; after the last part,
     * tells the worker the index is complete.
     */
    takeIndexPart() {
      const part = document.currentScript.previousElementSibling;
      const bytes = bytesFromBase64(part.textContent);
      part.remove();
      worker.postMessage({ type: "index-part", bytes }, [bytes.buffer]);
      if (++partsTaken === settings.index_parts) worker.postMessage({ type: "index-end" });
    },
  };
})();
