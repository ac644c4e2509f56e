// Starts the app. A module script instead of an inline one, so the Content-Security-Policy
// needs no 'unsafe-inline'. The page's first paint (server-rendered) comes first: the app
// starts downloading once the browser has drawn it (or after 200 ms, in a tab drawn
// later), so on a slow network it does not compete with the page and its CSS. The module
// compiles in a worker (compile.js): receiving and decoding it is then off the page's
// thread, which stays free for taps and keys; where that fails, the page compiles it.
let started = false;
const start = () => {
  if (started) return;
  started = true;
  const wasm = new URL('./{{wasm}}', import.meta.url);
  const compiled = new Promise((resolve) => {
    const worker = new Worker(new URL('./{{compile}}', import.meta.url));
    const done = (module) => { worker.terminate(); resolve(module); };
    worker.onmessage = (event) => done(event.data[1]);
    worker.onmessageerror = () => done(null);
    worker.onerror = () => done(null);
    worker.postMessage([0, wasm.href]);
  }).catch(() => null);
  Promise.all([import('./{{glue}}'), compiled]).then(([app, module]) =>
    app.default({ module_or_path: module || wasm }));
};
requestAnimationFrame(() => setTimeout(start, 0));
setTimeout(start, 200);
