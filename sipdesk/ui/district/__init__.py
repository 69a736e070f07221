"""The district desk's window: a table of every school's plan, adding received plans, and a
school's latest plan opened read-only in the normal plan window (issue 13).

:mod:`.schools_model` (the table's columns, model and filter), :mod:`.schools_table` (its view),
:mod:`.intake_panel` (choosing plans to add, the progress and the summary), :mod:`.desk_window`
(the window) and :mod:`.desk_look` (its zoom, contrast and presentation), :mod:`.school_window`
(a received version in the plan window), :mod:`.launch` (opening a desk from the command line or
the start screen).
"""
