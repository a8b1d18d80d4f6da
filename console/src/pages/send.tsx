import { Title } from '@mantine/core';

export default function SendPage() {
  return <Title order={2}>Send</Title>;
}
