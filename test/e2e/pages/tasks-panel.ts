import { expect, type Locator } from '@playwright/test';

/** A pane's Recent Tasks panel and the task details beside it. */
export class TasksPanel {
  constructor(readonly root: Locator) {}

  row(name: string, target: string): Locator {
    return this.root.getByRole('row').filter({ hasText: name }).filter({ hasText: target });
  }

  /** The task list itself (the table of tasks, without the details panel). */
  get table(): Locator {
    return this.root.getByRole('table', { name: /^Recent Tasks on / });
  }

  get details(): Locator {
    return this.root.getByTestId('task-details');
  }

  async open(name: string, target: string): Promise<void> {
    await this.row(name, target).first().click();
    await expect(this.details).toContainText(name);
  }

  async filter(label: 'All' | 'Running' | 'Failed'): Promise<void> {
    await this.root.getByRole('button', { name: label, exact: true }).click();
  }
}
