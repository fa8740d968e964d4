import type { Rule } from '../src/engine/types.js';
import parseError from './prodcheck/parse-error.js';
import secretsRules from './secrets/index.js';
import configRules from './config/index.js';
import authRules from './auth/index.js';
import ratelimitRules from './ratelimit/index.js';
import corsRules from './cors/index.js';
import nginxRules from './nginx/index.js';
import headersRules from './headers/index.js';
import sseRules from './sse/index.js';
import dockerRules from './docker/index.js';
import composeRules from './compose/index.js';
import ciRules from './ci/index.js';
import deployRules from './deploy/index.js';
import pythonRules from './python/index.js';
import injectionRules from './injection/index.js';
import memoryRules from './memory/index.js';
import stateRules from './state/index.js';
import dbRules from './db/index.js';
import netRules from './net/index.js';
import asyncRules from './async/index.js';
import inputRules from './input/index.js';
import loggingRules from './logging/index.js';
import lifecycleRules from './lifecycle/index.js';
import healthRules from './health/index.js';
import metricsRules from './metrics/index.js';
import monitoringRules from './monitoring/index.js';
import depsRules from './deps/index.js';
import repoRules from './repo/index.js';
import testsRules from './tests/index.js';

/** Every rule prodcheck knows, listed explicitly: each domain's index names its rules. */
export const ALL_RULES: readonly Rule[] = [
  parseError,
  ...secretsRules, ...configRules, ...authRules, ...ratelimitRules, ...corsRules, ...nginxRules, ...headersRules, ...sseRules, ...dockerRules, ...composeRules, ...ciRules, ...deployRules, ...pythonRules, ...injectionRules, ...memoryRules, ...stateRules, ...dbRules, ...netRules, ...asyncRules, ...inputRules, ...loggingRules, ...lifecycleRules, ...healthRules, ...metricsRules, ...monitoringRules, ...depsRules, ...repoRules, ...testsRules,
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
