import { Title } from '@mantine/core';

export default function MessagesPage() {
  return <Title order={2}>Messages</Title>;
}
