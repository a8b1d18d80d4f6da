/** Request examples for the OpenAPI document (shown at /docs). */
export const SEND_EXAMPLES = {
  simple: { summary: 'A text to one number', value: { to: '+4915123456789', body: 'Your code is 123456' } },
  scheduled: {
    summary: 'Scheduled, high priority, with metadata',
    value: {
      to: '+4915123456789',
      body: 'Your appointment is tomorrow at 10:00',
      priority: 'high',
      sendAt: '2030-01-01T09:00:00Z',
      ttlSeconds: 3600,
      metadata: { orderId: 'A-1001' },
    },
  },
  phone: {
    summary: 'From one phone and SIM',
    value: { to: '+4915123456789', body: 'Hello', deviceId: '0195f3a2-7c4e-7b8a-9d10-2f3e4a5b6c7d', simSlot: 1 },
  },
};

export const BATCH_EXAMPLES = {
  two: {
    summary: 'Two messages',
    value: {
      messages: [
        { to: '+4915123456789', body: 'Hello Anna' },
        { to: '+4915198765432', body: 'Hello Ben', priority: 'high' },
      ],
    },
  },
};
