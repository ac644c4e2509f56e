// Put before the split's loader by build.rs, which makes the loader call `compiled` where
// it fetched and instantiated a chunk itself. The page fetches each chunk (so a chunk that
// cannot be fetched fails where the page sees it, and the page says so) and streams it to
// the worker that compiles the main module (compile.js), off the page's thread: a page's
// chunks are hundreds of KB of WebAssembly, which compiled on the page held it up for a
// third of a second on a slow phone. Where the worker cannot, the page compiles the chunk.
let compiler;
const waiting = new Map();
let asked = 0;
async function compiled(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const [body, kept] = response.body.tee();
  const here = () => WebAssembly.compileStreaming(
    new Response(kept, { headers: { 'Content-Type': 'application/wasm' } }));
  return new Promise((resolve, reject) => {
    try {
      if (!compiler) {
        compiler = new Worker(new URL('./{{compile}}', import.meta.url));
        compiler.onmessage = ({ data: [id, module] }) => {
          const done = waiting.get(id);
          waiting.delete(id);
          done?.(module);
        };
        compiler.onerror = compiler.onmessageerror = () => {
          compiler = undefined;
          for (const done of waiting.values()) done(null);
          waiting.clear();
        };
      }
      const id = asked++;
      waiting.set(id, (module) => {
        if (module) {
          kept.cancel();
          resolve(module);
        } else {
          here().then(resolve, reject);
        }
      });
      compiler.postMessage([id, body], [body]);
    } catch {
      here().then(resolve, reject);
    }
  });
}
