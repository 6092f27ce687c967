// `node --import ./module-log.mjs`: records every module the process resolves into $TOKENFOLD_MODULE_LOG.
import { register } from 'node:module';

register('./module-log-hooks.mjs', import.meta.url, { data: { out: process.env.TOKENFOLD_MODULE_LOG } });
