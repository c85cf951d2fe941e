import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The pure layer (model ← sim ← engines) must run unchanged in a worker and in Node and replay
// exactly: no UI libraries, no DOM, no host APIs, no wall clock, no unseeded randomness.
const UI_LIBRARIES = [
  'react',
  'react-*',
  'three',
  'three/*',
  'd3',
  'd3-*',
  'zustand',
  'zustand/*',
  'comlink',
];
const OUTER_LAYERS = ['**/ui/**', '**/store/**', '**/workers/**', '**/cli/**', 'node:*'];

function pureLayer(dir, higherLayers, message) {
  return [
    {
      files: [`${dir}/**/*.ts`],
      ignores: ['**/*.test.ts'],
      languageOptions: { globals: { ...globals.es2023 } },
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                group: UI_LIBRARIES,
                message: 'model, sim and engines stay pure: no UI, rendering or worker libraries.',
              },
              { group: [...OUTER_LAYERS, ...higherLayers.map((l) => `**/${l}/**`)], message },
            ],
          },
        ],
        'no-restricted-globals': [
          'error',
          { name: 'window', message: 'no DOM in the pure layer' },
          { name: 'document', message: 'no DOM in the pure layer' },
          { name: 'performance', message: 'no wall clock in the pure layer: use the sim clock' },
          { name: 'setTimeout', message: 'no wall-clock timers in the pure layer' },
          { name: 'setInterval', message: 'no wall-clock timers in the pure layer' },
          { name: 'process', message: 'no host process in the pure layer' },
        ],
        'no-restricted-properties': [
          'error',
          { object: 'Math', property: 'random', message: 'use a seeded stream from sim/rng' },
          { object: 'Date', property: 'now', message: 'use the sim clock' },
        ],
        'no-restricted-syntax': [
          'error',
          { selector: "NewExpression[callee.name='Date']", message: 'use the sim clock' },
        ],
      },
    },
  ];
}

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'public'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: 'error',
    },
  },
  {
    files: ['src/ui/**/*.tsx', 'src/ui/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  ...pureLayer(
    'src/model',
    ['sim', 'engines'],
    'model is the bottom layer: it imports nothing of the twin',
  ),
  ...pureLayer(
    'src/sim',
    ['engines'],
    'sim may import only model (engines plug in through EngineHost)',
  ),
  ...pureLayer('src/engines', [], 'engines may import only sim and model'),
);
