// ESLint for the browser client (ES modules, no build step), its unit tests and these scripts.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['target/**', 'node_modules/**', 'e2e/**', 'src/main/resources/META-INF/resources/js/vendor/**'] },
  js.configs.recommended,
  {
    files: ['src/main/resources/META-INF/resources/**/*.js'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.browser } },
  },
  {
    files: ['src/main/resources/META-INF/resources/sw.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.serviceworker } },
  },
  {
    files: [
      'src/main/resources/META-INF/resources/js/hash-worker.js',
      'src/main/resources/META-INF/resources/js/receive-worker.js',
    ],
    languageOptions: { sourceType: 'script', globals: { ...globals.worker } },
  },
  {
    files: ['src/test/js/**/*.mjs', 'scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node } },
  },
  {
    rules: {
      eqeqeq: ['error', 'always'],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-implicit-globals': 'error',
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    // A module-level name that hides one of the browser's own objects breaks every later use of it
    // in the module (a 'history' screen once hid window.history, and signing out threw).
    files: ['src/main/resources/META-INF/resources/**/*.js'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'Program > VariableDeclaration > VariableDeclarator[id.name=/^(history|location|navigator|document|screen|name|status|origin|top|parent|self|open|close|event|performance|crypto|caches|indexedDB|localStorage|sessionStorage)$/]',
          message: 'This module-level name hides a browser global; name it after what it is.',
        },
      ],
    },
  },
  { files: ['scripts/**/*.mjs'], rules: { 'no-console': 'off' } },
];
