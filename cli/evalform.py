"""pagu evaluate --form permendagri86: the Renja evaluation form (projections/views/
evaluation_form.py). In `pagu export xlsx` it is a sheet of its own, printed on F4 or
A3 with the title block and signature block of every sheet."""

from __future__ import annotations

from typing import Any

from cli.viewing import Viewed


def form_answer(view: Viewed, quarter: Any, level: Any, show_printed: bool) -> None:
    from events.errors import InvalidInput
    from events.i18n import _
    from projections.views.evaluation_form import form_report

    if level is not None or show_printed:
        raise InvalidInput(
            _("--form permendagri86 is the whole form: leave out --level and --show-printed")
        )
    view.answer(form_report, name="pagu evaluate --form permendagri86", quarter=quarter)
