// The entry service: the only one with a code change (botanuWorkflow).
// Calls the next hop with axios.
import express from 'express';
import axios from 'axios';
import { botanuWorkflow, emitOutcome, getRunId, getWorkflow } from '@botanu/agent';

const handleTicket = botanuWorkflow(
  { name: 'support-ticket', eventId: (req) => req.params.id, customerId: (req) => String(req.query.customer ?? 'anonymous') },
  async (req) => {
    const { data } = await axios.get(process.env.NEXT_URL);
    if (req.query.fail) throw new Error('ticket failed');
    emitOutcome('success', { valueType: 'tickets_resolved', valueAmount: 1 });
    return { runId: getRunId(), workflow: getWorkflow(), downstream: data };
  },
);

const app = express();
app.get('/tickets/:id', async (req, res) => {
  try {
    res.json(await handleTicket(req));
  } catch (err) {
    res.status(500).json({ error: err.message });
  }
});
const server = app.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
