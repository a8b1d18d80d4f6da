import { Title } from '@mantine/core';

export default function PhonesPage() {
  return <Title order={2}>Phones</Title>;
}
