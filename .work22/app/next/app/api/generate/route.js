// A route handler calling the AI SDK's generateText (bundled by Next.js).
import { generateText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';

export const dynamic = 'force-dynamic';

export async function GET() {
  const openai = createOpenAI({ apiKey: 'sk-fixture-not-a-real-key', baseURL: `${process.env.OPENAI_URL}/s/ok/next/v1` });
  const r = await generateText({ model: openai.chat('gpt-4o-mini'), prompt: 'Say hello.' });
  return Response.json(r.usage);
}
