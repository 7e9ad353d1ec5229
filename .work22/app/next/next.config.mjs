// A Next.js app as created by users: defaults, so the server code (openai, ai,
// @ai-sdk/openai included) is bundled into .next/server chunks.
export default {};
