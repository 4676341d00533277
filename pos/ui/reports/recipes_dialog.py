"""Recipes against the shelf for the reports screen's period: each ingredient's use by the recipes beside what the
stock shows left the shelf, and each product's cost from its recipe with its margin. The figures are
`reports.ingredients`'; this dialog lays them out."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.period import Period
from pos.ledger.reports.ingredients import CostLine, IngredientUse, ingredient_use, recipe_costs
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.record_table import Column, RecordModel, record_view
from pos.ui.widgets.style import BAD, ERROR_TEXT, MUTED_TEXT, label


def _qty(milli: int, unit: str) -> str:
    return f"{fmt.qty(milli)} {unit}" if milli else ""


USE_COLUMNS: tuple[Column[IngredientUse], ...] = (
    Column(N_("Ingredient"), lambda r: r.name),
    Column(N_("Recipes say"), lambda r: _qty(r.by_recipes, r.unit), right=True),
    Column(N_("Sold as is"), lambda r: _qty(r.sold_itself, r.unit), right=True),
    Column(N_("Production"), lambda r: _qty(r.production, r.unit), right=True),
    Column(N_("Written off"), lambda r: _qty(r.written_off, r.unit), right=True),
    Column(N_("Short at counts"), lambda r: _qty(r.counted_short, r.unit), right=True),
    Column(N_("Stock shows used"), lambda r: _qty(r.used, r.unit), right=True),
    Column(
        N_("Beyond the recipes"),
        lambda r: _qty(r.beyond_recipes, r.unit) or "0",
        right=True,
        colour=lambda r: BAD if r.beyond_recipes > 0 else None,
    ),
)


def _margin(line: CostLine) -> str:
    bp = line.margin_bp
    if bp is None:
        return ""
    return fmt.percent(bp)


COST_COLUMNS: tuple[Column[CostLine], ...] = (
    Column(N_("Product"), lambda r: r.recipe.name),
    Column(N_("Price"), lambda r: fmt.rupiah(r.recipe.price), right=True),
    Column(N_("Recipe cost"), lambda r: fmt.rupiah(r.recipe.cost), right=True),
    Column(
        N_("Margin"),
        lambda r: fmt.rupiah(r.recipe.margin),
        right=True,
        colour=lambda r: BAD if r.recipe.margin < 0 else None,
    ),
    Column(N_("Margin %"), _margin, right=True),
)


@dataclass(frozen=True, slots=True)
class RecipesRead:
    use: tuple[IngredientUse, ...]
    costs: tuple[CostLine, ...]


def read_recipes(session: Session, period: Period) -> RecipesRead:
    return RecipesRead(ingredient_use(session, period).lines, tuple(recipe_costs(session)))


class RecipesDialog(FittedDialog):
    """Ingredient use over `period` and recipe costs now, read when it opens."""

    def __init__(self, tasks: TaskManager, period: Period, span: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recipesDialog")
        self.setWindowTitle(_("Ingredients and recipes"))
        self.resize(1100, 620)
        self.use = RecordModel(USE_COLUMNS, self)
        self.costs = RecordModel(COST_COLUMNS, self)
        # The production and count columns give way first on a narrow screen: the difference stays.
        use_view = record_view(self.use, stretch=0, optional=(3, 5))
        cost_view = record_view(self.costs, stretch=0)
        self.message = label(style=MUTED_TEXT)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(label(_("Ingredients used against the recipes, {period}").format(period=span), bold=True))
        layout.addWidget(use_view, 3)
        layout.addWidget(label(_("Cost of each product from its recipe, at today's average costs"), bold=True))
        layout.addWidget(cost_view, 2)
        layout.addWidget(self.message)
        layout.addWidget(BigButton(_("Close"), "Esc", on_click=self.accept))
        tasks.read(lambda s: read_recipes(s, period), self.show_read, self._failed)

    def show_read(self, read: RecipesRead) -> None:
        self.use.set_rows(read.use)
        self.costs.set_rows(read.costs)
        self.message.setText("" if read.costs or read.use else _("No product has a recipe yet."))

    def _failed(self, error: BaseException) -> None:
        self.message.setStyleSheet(ERROR_TEXT)
        self.message.setText(failure_message(error))
