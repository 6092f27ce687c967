// Conversation pages: a finished agent run's entries precomputed at compaction, so any page of it opens without a rebuild.
export { buildConversation, type BuiltConversation } from './build.js';
export { PAGES_VERSION, pagesCovering, type DecodedPage, type PagesHeader } from './page-codec.js';
export { readAllPages, readPage, readPagesHeader } from './read-pages.js';
export { hasConversationPages, storeConversationPages, type StorePagesOptions } from './store-pages.js';
