import { Title } from '@mantine/core';

export default function ConversationsPage() {
  return <Title order={2}>Conversations</Title>;
}
