// A route handler streaming the AI SDK's streamText to the client (bundled by Next.js).
import { streamText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';

export const dynamic = 'force-dynamic';

export async function GET() {
  const openai = createOpenAI({ apiKey: 'sk-fixture-not-a-real-key', baseURL: `${process.env.OPENAI_URL}/s/ok/next/v1` });
  return streamText({ model: openai.chat('gpt-4o-mini'), prompt: 'Say hello.' }).toTextStreamResponse();
}
