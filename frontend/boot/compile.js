// Compiles WebAssembly for the page, off its thread, and posts each module back tagged
// with the number the page sent: from an address (the main module, streamed as it
// downloads) or from a stream the page is reading (a page's chunk, see chunks.js);
// `null` when it cannot, and the page compiles it itself.
onmessage = ({ data: [id, source] }) =>
  WebAssembly.compileStreaming(typeof source === 'string'
    ? fetch(source)
    : new Response(source, { headers: { 'Content-Type': 'application/wasm' } })).then((module) => {
    try { postMessage([id, module]); } catch { postMessage([id, null]); }
  }, () => postMessage([id, null]));
