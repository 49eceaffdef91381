import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the CLI and build real indexes: generous, not tight.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
