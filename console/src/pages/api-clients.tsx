import { Title } from '@mantine/core';

export default function ApiClientsPage() {
  return <Title order={2}>ApiClients</Title>;
}
