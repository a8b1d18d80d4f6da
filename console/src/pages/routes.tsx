import { Title } from '@mantine/core';

export default function RoutesPage() {
  return <Title order={2}>Routes</Title>;
}
