// gen.js records TensorFlow.js optimizer trajectories (float32, the cpu backend) for optim's tfjs tests
// (TestTFJSTrajectories). Run it where @tensorflow/tfjs-core and @tensorflow/tfjs-backend-cpu are installed,
// outside the repository:
//
//	mkdir -p /tmp/tfjs && cd /tmp/tfjs && npm install @tensorflow/tfjs-core@4.22.0 @tensorflow/tfjs-backend-cpu@4.22.0
//	NODE_PATH=/tmp/tfjs/node_modules node optim/testdata/tfjs/gen.js > optim/testdata/tfjs/trajectories.json
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');

const n = 7, steps = 12;

// Weights and gradients from a fixed generator, rounded to float32, with a zero and both signs; the gradients
// shrink over the run so that the accumulators' history matters.
let seed = 12345;
function next() {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648 * 2 - 1;
}
const w0 = Array.from({length: n}, () => Math.fround(next()));
const grads = Array.from({length: steps}, (_, s) =>
  Array.from({length: n}, (_, i) => i === 3 ? 0 : Math.fround(next() * (s % 4 === 3 ? 3 : 1) / (1 + s / 4))));

const cases = [
  ['Adam', {lr: 0.01, b1: 0.9, b2: 0.999, eps: 1e-7}, c => tf.train.adam(c.lr, c.b1, c.b2, c.eps)],
  ['Adagrad', {lr: 0.1, initial: 0.1}, c => tf.train.adagrad(c.lr, c.initial)],
  ['RMSprop', {lr: 0.01, decay: 0.9, momentum: 0, eps: 1e-7, centered: false},
   c => tf.train.rmsprop(c.lr, c.decay, c.momentum, c.eps, c.centered)],
  ['RMSprop', {lr: 0.01, decay: 0.9, momentum: 0.9, eps: 1e-7, centered: false},
   c => tf.train.rmsprop(c.lr, c.decay, c.momentum, c.eps, c.centered)],
  ['RMSprop', {lr: 0.001, decay: 0.95, momentum: 0.5, eps: 1e-3, centered: true},
   c => tf.train.rmsprop(c.lr, c.decay, c.momentum, c.eps, c.centered)],
  ['Adadelta', {lr: 1, rho: 0.95, eps: 1e-6}, c => tf.train.adadelta(c.lr, c.rho, c.eps)],
  ['Adamax', {lr: 0.02, b1: 0.9, b2: 0.999, eps: 1e-7}, c => tf.train.adamax(c.lr, c.b1, c.b2, c.eps, 0)],
  ['SGD', {lr: 0.05, momentum: 0.9, nesterov: false}, c => tf.train.momentum(c.lr, c.momentum, c.nesterov)],
  ['SGD', {lr: 0.05, momentum: 0.9, nesterov: true}, c => tf.train.momentum(c.lr, c.momentum, c.nesterov)],
];

async function main() {
  await tf.setBackend('cpu');
  const out = {tfjs: tf.version_core, n, w0, grads, cases: []};
  for (const [name, cfg, make] of cases) {
    const opt = make(cfg);
    const w = tf.variable(tf.tensor1d(w0, 'float32'), true, name + out.cases.length);
    const traj = [];
    for (let s = 0; s < steps; s++) {
      opt.applyGradients({[w.name]: tf.tensor1d(grads[s], 'float32')});
      traj.push(Array.from(w.dataSync()));
    }
    out.cases.push({optimizer: name, config: cfg, weights: traj});
    opt.dispose();
    w.dispose();
  }
  // JSON's shortest round-trip numbers: each parses back to the same float32. JSON has no NaN: a NaN weight (tfjs's
  // centered RMSprop gives one where the variance estimate falls below ε) is written as null.
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}
main();
