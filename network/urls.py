from django.urls import path

from network import views

urlpatterns = [
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/new/", views.contact_create_view, name="contact_create"),
    path("contacts/bulk/", views.contacts_bulk, name="contacts_bulk"),
    path("contacts/lookup/", views.contact_lookup, name="contact_lookup"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/archive/", views.contact_archive, name="contact_archive"),
    path("contacts/<int:pk>/tags/", views.contact_tag, name="contact_tag"),
    path("contacts/<int:pk>/met-through/", views.contact_met_through, name="contact_met_through"),
    path("contacts/<int:pk>/aliases/", views.alias_add, name="alias_add"),
    path("contacts/<int:pk>/profiles/", views.profile_add, name="profile_add"),
    path("contacts/<int:pk>/emails/", views.email_add, name="email_add"),
    path("contacts/<int:pk>/phones/", views.phone_add, name="phone_add"),
    path(
        "contacts/<int:pk>/merge/<int:other_pk>/",
        views.contact_merge_view,
        name="contact_merge",
    ),
    path("categories/", views.category_list, name="category_list"),
    path("categories/new/", views.category_create, name="category_create"),
    path("categories/<int:pk>/", views.category_update, name="category_update"),
    path("categories/<int:pk>/merge/", views.category_merge, name="category_merge"),
    path("categories/<int:pk>/delete/", views.category_delete, name="category_delete"),
    path("tags/<int:pk>/remove/", views.contact_untag, name="contact_untag"),
    path("aliases/<int:pk>/remove/", views.alias_remove, name="alias_remove"),
    path("profiles/<int:pk>/access/", views.profile_access, name="profile_access"),
    path("profiles/<int:pk>/remove/", views.profile_remove, name="profile_remove"),
    path("emails/<int:pk>/remove/", views.email_remove, name="email_remove"),
    path("phones/<int:pk>/remove/", views.phone_remove, name="phone_remove"),
]
