/**
 * Every metadata key cachet defines, in one place. Method metadata lives on the
 * method function itself (as NestJS's SetMetadata does), class metadata on the
 * constructor, both through reflect-metadata so other tools can read them.
 */
export const CACHED_METADATA = Symbol.for('cachet:cached');
export const CACHE_PUT_METADATA = Symbol.for('cachet:cache-put');
export const CACHE_EVICT_METADATA = Symbol.for('cachet:cache-evict');
export const CACHE_TAGS_METADATA = Symbol.for('cachet:cache-tags');
export const CACHE_CONFIG_METADATA = Symbol.for('cachet:cache-config');

/** Marks a wrapper cachet installed, pointing at the function it wraps. */
export const WRAPPED_ORIGINAL = Symbol.for('cachet:wrapped-original');
