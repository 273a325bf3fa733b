import { databaseTestConfig } from '@wbn/core/testing/vitest.preset';
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: databaseTestConfig });
