import type { Config } from 'jest';

/**
 * Two projects run the same decorator tests under both decorator modes:
 * `legacy` (experimentalDecorators + emitDecoratorMetadata, as NestJS uses)
 * and `tc39` (TypeScript 5 standard decorators). Every other test runs once,
 * in the `legacy` project. Tests import the packages' sources, so `npm test`
 * needs no build for them; the build-output test loads `dist/` itself.
 */
const moduleNameMapper = {
  '^@cachet/core$': '<rootDir>/packages/core/src/index.ts',
  '^@cachet/core/testing$': '<rootDir>/packages/core/src/testing/index.ts',
  '^@cachet/tags$': '<rootDir>/packages/tags/src/index.ts',
  '^@cachet/stores$': '<rootDir>/packages/stores/src/index.ts',
  '^@cachet/example-support$': '<rootDir>/examples/support/src/index.ts',
};

function project(displayName: string, tsconfig: string, testMatch: string[]): NonNullable<Config['projects']>[number] {
  return {
    displayName,
    testEnvironment: 'node',
    rootDir: __dirname,
    testMatch,
    moduleNameMapper,
    // isolatedModules in the tsconfigs makes ts-jest transpile only, which keeps it fast;
    // type checking is `npm run typecheck`'s job (tsc).
    transform: { '^.+\\.ts$': ['ts-jest', { tsconfig, diagnostics: false }] },
  };
}

const config: Config = {
  projects: [
    project('legacy', '<rootDir>/tsconfig.test.json', ['<rootDir>/packages/*/test/**/*.test.ts', '<rootDir>/examples/*/test/**/*.test.ts']),
    project('tc39', '<rootDir>/tsconfig.test-tc39.json', ['<rootDir>/packages/core/test/decorators/**/*.test.ts']),
  ],
  testTimeout: 30_000,
};

export default config;
