import { Title } from '@mantine/core';

export default function MessagePage() {
  return <Title order={2}>Message</Title>;
}
