def post_init_hook(env):
    """The users of the suite's roles already in the database get the suite's home page, unless they chose one."""
    env["res.users"].with_context(active_test=False).search([("action_id", "=", False)])._housing_set_home()
