import type { Locator, Page } from '@playwright/test';

/** The exercise panel (Lab controls > Exercises…). */
export class ExercisesPanel {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('exercises-panel');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('open-exercises').click();
  }

  /** Folds the panel to its title bar (as a learner does to reach what it covers), or unfolds it. */
  async fold(folded: boolean): Promise<void> {
    await this.root.getByRole('button', { name: folded ? 'Fold Exercises' : 'Unfold Exercises' }).click();
  }

  exercise(id: string): Locator {
    return this.root.getByTestId(`exercise-${id}`);
  }

  async start(id: string): Promise<void> {
    await this.root.getByTestId(`start-${id}`).click();
  }

  objective(id: string): Locator {
    return this.root.getByTestId(`objective-${id}`);
  }

  get verdict(): Locator {
    return this.root.getByTestId('verdict');
  }
}
