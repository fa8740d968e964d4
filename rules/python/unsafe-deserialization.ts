import { defineRule } from '../../src/engine/rule.js';
import { translated } from '../../src/engine/message-words.js';
import type { MessageValue } from '../../src/engine/types.js';
import { forEachPyCall } from '../../src/analysis/taint/python-calls.js';
import { columnOf, dottedName, lineOf, literalValue, type PyCall } from '../../src/analysis/python/index.js';
import type { PyNode } from '../../src/parsers/python.js';
import { isTestPath } from '../../src/io/paths.js';

/** Loaders that run code from the data they read. */
const ALWAYS_UNSAFE = new Set([
  'pickle.load', 'pickle.loads', 'pickle.Unpickler', 'cPickle.load', 'cPickle.loads', '_pickle.load', '_pickle.loads',
  'dill.load', 'dill.loads', 'cloudpickle.load', 'cloudpickle.loads', 'shelve.open', 'jsonpickle.decode',
  'marshal.load', 'marshal.loads', 'joblib.load', 'sklearn.externals.joblib.load', 'pandas.read_pickle',
  'yaml.unsafe_load', 'yaml.unsafe_load_all', 'yaml.full_load', 'yaml.full_load_all', 'ruamel.yaml.load',
]);
const SAFE_YAML_LOADERS = /(?:^|\.)(?:C?SafeLoader|BaseLoader|CBaseLoader)$/;

/**
 * Why a call deserializes unsafely, as message text (`pickle.loads`, `torch.load()` without
 * `weights_only=True`), or undefined for a safe call. `always`: the call itself is the problem.
 */
function unsafeLoad(call: PyCall): { text: MessageValue; always: boolean } | undefined {
  const name = call.name ?? '';
  if (ALWAYS_UNSAFE.has(name)) return { text: `\`${name}\``, always: true };
  if (name === 'torch.load') {
    const weightsOnly = literalValue(call.kwargs.get('weights_only'));
    if (weightsOnly === true) return undefined;
    return { text: translated('`torch.load()` without `weights_only=True`', '未设置 `weights_only=True` 的 `torch.load()`'), always: false };
  }
  if (name === 'numpy.load') {
    return literalValue(call.kwargs.get('allow_pickle')) === true ? { text: '`numpy.load(allow_pickle=True)`', always: false } : undefined;
  }
  if (name === 'yaml.load' || name === 'yaml.load_all') {
    const loader = call.kwargs.get('Loader') ?? call.args[1];
    if (call.hasSplat && !loader) return undefined;
    const loaderName = dottedName(loader);
    if (loaderName && SAFE_YAML_LOADERS.test(loaderName)) return undefined;
    return { text: translated(`\`${name}()\` without \`SafeLoader\``, `未使用 \`SafeLoader\` 的 \`${name}()\``), always: false };
  }
  return undefined;
}

function dataArgument(call: PyCall): PyNode | undefined {
  return call.args[0] ?? call.kwargs.get('file') ?? call.kwargs.get('f') ?? call.kwargs.get('stream') ?? call.kwargs.get('data') ?? call.kwargs.get('filename');
}

/** Sound: the last segment of every loader name above is written as a token in the module (at the call or in its import). */
const mentionsLoader = (text: string) => /\b(?:load|loads|load_all|unsafe_load|unsafe_load_all|full_load|full_load_all|Unpickler|open|decode|read_pickle)\b/.test(text);

export default defineRule({
  meta: {
    id: 'python/unsafe-deserialization',
    priority: 'P0',
    category: 'security',
    kinds: ['python'],
    tags: ['security'],
    messages: {
      untrusted: {
        en: '{{call}} deserializes data that comes from {{source}}: whoever controls it can run code in this process.',
        zh: '{{call}} 反序列化了来自 {{source}} 的数据：能控制这些数据的人即可在本进程中执行任意代码。',
      },
      local: {
        en: '{{call}} can execute code embedded in what it loads; prefer a data-only format (JSON, safetensors, `yaml.safe_load`).',
        zh: '{{call}} 会执行被加载数据中嵌入的代码；应改用纯数据格式（JSON、safetensors、`yaml.safe_load`）。',
      },
    },
    docs: {
      en: {
        title: 'Unsafe deserialization (pickle and friends)',
        why: 'pickle, dill, cloudpickle, shelve, marshal, joblib, `pandas.read_pickle`, `torch.load` without `weights_only=True`, `numpy.load(allow_pickle=True)` and `yaml.load` without a safe loader rebuild arbitrary objects, and object construction can run any code.',
        risk: 'Remote code execution when the bytes come from a request, an upload, a cache or a queue that someone else can write; a poisoned model or cache file does the same from disk.',
        fix: 'Store and exchange data as JSON (`json.dumps`/`json.loads`) or another data-only format; `yaml.safe_load`; `torch.load(..., weights_only=True)` or safetensors; sign anything that must stay binary and verify before loading.',
      },
      zh: {
        title: '不安全的反序列化（pickle 等）',
        why: 'pickle、dill、cloudpickle、shelve、marshal、joblib、`pandas.read_pickle`、未设 `weights_only=True` 的 `torch.load`、`numpy.load(allow_pickle=True)` 以及未使用安全 Loader 的 `yaml.load` 会重建任意对象，而对象构造过程可以执行任意代码。',
        risk: '当数据来自请求、上传文件、缓存或队列等他人可写的来源时，可导致远程代码执行；被投毒的模型或缓存文件同样如此。',
        fix: '改用 JSON（`json.dumps`/`json.loads`）等纯数据格式；使用 `yaml.safe_load`；`torch.load(..., weights_only=True)` 或 safetensors；必须保留二进制格式时先签名、加载前校验。',
      },
    },
    examples: {
      bad: 'data = pickle.loads(redis.get(key))\nconfig = yaml.load(text)',
      good: 'data = json.loads(redis.get(key))\nconfig = yaml.safe_load(text)\nstate = torch.load(path, weights_only=True)',
    },
    refs: ['https://docs.python.org/3/library/pickle.html', 'https://cwe.mitre.org/data/definitions/502.html', 'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b301-pickle'],
  },
  create(ctx) {
    return {
      python(file) {
        if (isTestPath(file.path) || !mentionsLoader(file.text)) return;
        forEachPyCall(file, ({ call, taint }) => {
          const what = unsafeLoad(call);
          if (!what) return;
          const source = taint.sourceOf(dataArgument(call));
          const evidence = [{ path: file.path, line: lineOf(call.node), column: columnOf(call.node) }];
          if (source) {
            ctx.report({ messageId: 'untrusted', data: { call: call.written ? `\`${call.written}\`` : what.text, source: `\`${source}\`` }, evidence });
          } else {
            ctx.report({
              messageId: 'local',
              data: { call: what.always && call.written ? `\`${call.written}\`` : what.text },
              evidence,
              priority: 'P1',
              reason: 'the data is not shown to come from a request, upload, cache, queue or socket',
            });
          }
        });
      },
    };
  },
});
