import { defineConfig } from 'vitest/config';
import { databaseTestConfig } from './src/testing/vitest.preset.ts';

export default defineConfig({ test: databaseTestConfig });
