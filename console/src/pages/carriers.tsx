import { Title } from '@mantine/core';

export default function CarriersPage() {
  return <Title order={2}>Carriers</Title>;
}
