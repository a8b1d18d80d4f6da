import { Injectable } from '@nestjs/common';

/**
 * Which devices hold a live socket in this process, and when each last got work, so dispatch can
 * pick one without a round trip. (Several api processes share this through Redis: see issue 6.)
 */
@Injectable()
export class DevicePresence {
  private readonly online = new Map<string, { accountId: string; sockets: number; lastAssignedAt: number }>();

  connected(deviceId: string, accountId: string): boolean {
    const entry = this.online.get(deviceId);
    if (entry) {
      entry.sockets += 1;
      return false;
    }
    this.online.set(deviceId, { accountId, sockets: 1, lastAssignedAt: 0 });
    return true;
  }

  /** Returns true when this was the device's last socket. */
  disconnected(deviceId: string): boolean {
    const entry = this.online.get(deviceId);
    if (!entry) return false;
    entry.sockets -= 1;
    if (entry.sockets > 0) return false;
    this.online.delete(deviceId);
    return true;
  }

  isOnline(deviceId: string): boolean {
    return this.online.has(deviceId);
  }

  /** Online devices of an account, least recently given work first. */
  onlineFor(accountId: string): string[] {
    return [...this.online.entries()]
      .filter(([, e]) => e.accountId === accountId)
      .sort((a, b) => a[1].lastAssignedAt - b[1].lastAssignedAt)
      .map(([id]) => id);
  }

  assigned(deviceId: string): void {
    const entry = this.online.get(deviceId);
    if (entry) entry.lastAssignedAt = performance.now();
  }
}
