import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CacheConfigError } from '@cachet/core';

/**
 * Reads a configuration file: `.json`, or `.yaml` / `.yml`. A missing file,
 * another extension or a syntax error is a CacheConfigError naming the file.
 */
export function readConfigFile(file: string): Record<string, unknown> {
  const extension = extname(file).toLowerCase();
  if (!['.json', '.yaml', '.yml'].includes(extension)) {
    throw new CacheConfigError(`fromConfig: file ${JSON.stringify(file)} must end in .json, .yaml or .yml.`);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CacheConfigError(`fromConfig: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}.`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = extension === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new CacheConfigError(`fromConfig: ${file} is not valid ${extension === '.json' ? 'JSON' : 'YAML'}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  // An empty YAML file parses to null: the same as no settings.
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new CacheConfigError(`fromConfig: ${file} must hold a mapping of settings at the top level.`);
  return parsed as Record<string, unknown>;
}
