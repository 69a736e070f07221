"""The district desk: a district office's ``.sipdistrict`` document of every school's received
plan versions, intake of plan files and saved emails, and the ``sipdesk district`` commands.

Qt-free, like the rest of the core. Nothing is imported here, so that the command line can
register the ``district`` commands without loading the database code.
"""
