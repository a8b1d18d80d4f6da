import { Title } from '@mantine/core';

export default function OptOutsPage() {
  return <Title order={2}>OptOuts</Title>;
}
